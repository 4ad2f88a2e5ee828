"""The kernel every domain shares: errors, the call context, access policy, ids, pages, inputs."""
