"""What serving a request needs besides the domain: tenants, principals, caches, limits."""
