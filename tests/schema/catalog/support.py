from __future__ import annotations

PRODUCT_FIELDS = """
  id slug name description type status price compareAtPrice currency formattedPrice sku stock
  inStock availableQuantity isFeatured billingInterval billingIntervalCount createdAt updatedAt
  category { id slug name }
  images { id url alt position }
  variants { id name sku options price ownPrice stock availableQuantity inStock position isActive }
  rating { average count }
"""

PRODUCT_LIST = f"""
query Products($filter: ProductFilter, $sort: ProductSort, $page: Int, $perPage: Int) {{
  products(filter: $filter, sort: $sort, page: $page, perPage: $perPage) {{
    items {{ {PRODUCT_FIELDS} }}
    pageInfo {{ page perPage total lastPage hasNextPage }}
  }}
}}
"""

PRODUCT = f"""
query Product($slug: String!) {{
  product(slug: $slug) {{
    {PRODUCT_FIELDS}
    bundleItems {{ quantity product {{ slug availableQuantity }} variant {{ name }} }}
  }}
}}
"""
