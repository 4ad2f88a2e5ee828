"""Staff attach and delete product files. Files come base64-encoded in the operation, which
suits small files only; multipart uploads arrive with the media work."""

from __future__ import annotations

import base64
import binascii

import strawberry

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import parse_id
from tenantry.resolvers import downloads
from tenantry.schema.downloads.types import GQLInfo, ProductFile


def _decode(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed.single(
            "content_base64", "The content base64 field must be valid base64."
        ) from None


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff: stores a file of a digital product.")
    async def attach_product_file(
        self,
        info: GQLInfo,
        product_id: strawberry.ID,
        filename: str,
        content_base64: str,
        content_type: str = "application/octet-stream",
    ) -> ProductFile:
        context = info.context
        row = await downloads.attach_product_file(
            context.session,
            ctx=context.ctx,
            product_id=parse_id(product_id, "product"),
            filename=filename,
            content=_decode(content_base64),
            content_type=content_type,
        )
        return ProductFile.from_model(row)

    @strawberry.mutation(description="Staff: deletes a product file and its download grants.")
    async def delete_product_file(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await downloads.delete_product_file(
            context.session, ctx=context.ctx, file_id=parse_id(id, "file")
        )
        return True
