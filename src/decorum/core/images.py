"""Generated pictures (gradients, shapes and a caption) for demo content and tests."""

from __future__ import annotations

import hashlib
import io
import random
from typing import Any

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

# Pillow's built-in font has Latin letters only; a system font draws other scripts (Cyrillic
# captions of the Russian demo edition). Without one, such a caption is left out, not drawn
# as empty boxes.
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def _font_for(label: str, size: int) -> Any:
    for path in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    if all(ord(ch) < 0x250 for ch in label):
        return ImageFont.load_default(size=size)
    return None


def make_picture_bytes(*, label: str, width: int = 960, height: int = 540) -> bytes:
    """A PNG with a gradient and a few shapes, seeded by ``label`` so reruns draw the same."""
    rng = random.Random(hashlib.sha256(label.encode()).hexdigest())
    top = tuple(rng.randint(20, 200) for _ in range(3))
    bottom = tuple(rng.randint(40, 230) for _ in range(3))
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / max(height - 1, 1)
        colour = tuple(int(t + (b - t) * mix) for t, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(height // 12, height // 3)
        fill = tuple(rng.randint(90, 255) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], outline=fill, width=6)
        else:
            draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], outline=fill, width=6)
    band = max(height // 9, 24)
    draw.rectangle([0, height - band, width, height], fill=(15, 20, 30))
    font = _font_for(label, max(band // 2, 10))
    if font is not None:
        draw.text((band // 2, height - band * 3 // 4), label[:70], fill=(240, 240, 240), font=font)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def make_wagtail_image(*, title: str) -> object:
    """Save a generated picture as a Wagtail image and return it."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    data = make_picture_bytes(label=title)
    slug = hashlib.sha256(title.encode()).hexdigest()[:10]
    image = image_model(title=title)
    image.file = ImageFile(io.BytesIO(data), name=f"generated-{slug}.png")
    image.save()
    return image
