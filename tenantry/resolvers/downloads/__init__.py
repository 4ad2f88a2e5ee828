"""Digital downloads: product files in storage, grants for paid orders, token links."""

from tenantry.resolvers.downloads.access import (
    DownloadExpired,
    DownloadLimitReached,
    check_available,
    start_download,
)
from tenantry.resolvers.downloads.files import (
    MAX_FILE_BYTES,
    ProductFileIn,
    attach_product_file,
    delete_product_file,
    list_product_files,
)
from tenantry.resolvers.downloads.grants import (
    PAID_STATUSES,
    DownloadPolicy,
    grant_downloads,
    grants_of_order,
    policy_of,
)
from tenantry.resolvers.downloads.queries import (
    Download,
    downloads_of,
    downloads_of_order,
    get_download,
    list_my_downloads,
)
from tenantry.resolvers.downloads.tokens import download_url, grant_token, token_hash

__all__ = [
    "MAX_FILE_BYTES",
    "PAID_STATUSES",
    "Download",
    "DownloadExpired",
    "DownloadLimitReached",
    "DownloadPolicy",
    "ProductFileIn",
    "attach_product_file",
    "check_available",
    "delete_product_file",
    "download_url",
    "downloads_of",
    "downloads_of_order",
    "get_download",
    "grant_downloads",
    "grant_token",
    "grants_of_order",
    "list_my_downloads",
    "list_product_files",
    "policy_of",
    "start_download",
    "token_hash",
]
