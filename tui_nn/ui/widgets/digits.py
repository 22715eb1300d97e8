"""Draw 28x28 grayscale digits in the terminal with half-block characters."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui_nn.ui import look


def _gray(value: float) -> str:
    level = round(float(np.clip(value, 0.0, 1.0)) * 255)
    return f"rgb({level},{level},{level})"


def digit_text(image: np.ndarray, scale: int = 1) -> Text:
    """Render a 2-D image (uint8 0..255 or float 0..1) as rows of ``▀`` characters.

    Each character shows two pixel rows (top as foreground, bottom as
    background).  ``scale=2`` averages 2x2 blocks first, so a 28x28 digit takes
    14 columns by 7 rows instead of 28 by 14.

    Without colour or in ASCII mode (:mod:`tui_nn.ui.look`) each character is a
    shade of the two pixels' mean instead (``" .:-=+*#%@"`` or ``" ░▒▓█"``).
    """
    img = np.asarray(image, dtype=float)
    if img.ndim == 1 and img.size == 784:
        img = img.reshape(28, 28)
    if img.ndim != 2:
        raise ValueError(f"a digit image must be 2-D, got shape {img.shape}")
    if img.size and np.nanmax(img) > 1.0:
        img = img / 255.0
    img = np.nan_to_num(img)
    if scale > 1:
        h, w = (img.shape[0] // scale) * scale, (img.shape[1] // scale) * scale
        img = img[:h, :w].reshape(h // scale, scale, w // scale, scale).mean(axis=(1, 3))
    if img.shape[0] % 2:
        img = np.vstack([img, np.zeros((1, img.shape[1]))])
    text = Text()
    shaded = look.current()
    for r in range(0, img.shape[0], 2):
        if shaded.shaded:
            pairs = (img[r] + img[r + 1]) / 2
            text.append("".join(shaded.shade(float(v)) for v in pairs))
            if r + 2 < img.shape[0]:
                text.append("\n")
            continue
        for c in range(img.shape[1]):
            text.append("▀", Style(color=_gray(img[r, c]), bgcolor=_gray(img[r + 1, c])))
        if r + 2 < img.shape[0]:
            text.append("\n")
    return text


class DigitView(Widget):
    """One digit image, optionally with a caption line under it."""

    DEFAULT_CSS = """
    DigitView {
        width: auto;
        height: auto;
    }
    """

    caption: reactive[str] = reactive("")

    def __init__(
        self,
        image: np.ndarray | None = None,
        *,
        caption: str = "",
        scale: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._image = np.zeros((28, 28)) if image is None else np.asarray(image)
        self._scale = scale
        self.caption = caption

    def show(self, image: np.ndarray, caption: str = "") -> None:
        """Replace the image (and caption) and redraw."""
        self._image = np.asarray(image)
        self.caption = caption
        self.refresh(layout=True)

    def render(self) -> Text:
        text = digit_text(self._image, self._scale)
        if self.caption:
            text.append("\n")
            text.append(self.caption)
        return text

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        width = self._image.shape[-1] // self._scale if self._image.ndim == 2 else 28
        return max(width, len(self.caption))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        rows = self._image.shape[0] // self._scale if self._image.ndim == 2 else 28
        return (rows + 1) // 2 + (1 if self.caption else 0)
