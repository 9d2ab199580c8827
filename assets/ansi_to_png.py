#!/usr/bin/env python3
"""Render a tmux `capture-pane -p -e` capture (text with SGR colour codes) to a PNG, so the
README can show what a real terminal showed. Needs Pillow and the DejaVu Sans Mono font.

    python3 assets/ansi_to_png.py assets/screenshot.ansi assets/screenshot.png
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
BASE = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
        (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]
FG, BG = (229, 229, 229), (24, 24, 24)


def colour256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def main(source, target, size=15):
    font, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(BOLD, size)
    width = int(font.getlength("M"))
    height = size + 4
    lines = open(source, encoding="utf-8").read().rstrip("\n").split("\n")
    columns = 120
    image = Image.new("RGB", (columns * width + 16, len(lines) * height + 16), BG)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        fg, bg, is_bold, reverse, x = FG, None, False, False, 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, is_bold, reverse = FG, None, False, False
                    elif c == 1:
                        is_bold = True
                    elif c == 7:
                        reverse = True
                    elif c == 22:
                        is_bold = False
                    elif c == 27:
                        reverse = False
                    elif 30 <= c <= 37:
                        fg = BASE[c - 30]
                    elif 90 <= c <= 97:
                        fg = BASE[c - 90 + 8]
                    elif c == 39:
                        fg = FG
                    elif 40 <= c <= 47:
                        bg = BASE[c - 40]
                    elif 100 <= c <= 107:
                        bg = BASE[c - 100 + 8]
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        if c == 38:
                            fg = colour256(codes[i + 2])
                        else:
                            bg = colour256(codes[i + 2])
                        i += 2
                    i += 1
                continue
            for ch in token:
                cells = 2 if ord(ch) >= 0x1100 and (0x1100 <= ord(ch) <= 0x115F or 0x2E80 <= ord(ch) <= 0xA4CF or 0xAC00 <= ord(ch) <= 0xD7A3 or 0xF900 <= ord(ch) <= 0xFAFF or 0xFE30 <= ord(ch) <= 0xFE4F or 0xFF00 <= ord(ch) <= 0xFF60 or 0x1F300 <= ord(ch) <= 0x1FAFF) else 1
                front, back = (bg or BG, fg) if reverse else (fg, bg)
                left, top = 8 + x * width, 8 + row * height
                if back:
                    draw.rectangle([left, top, left + cells * width - 1, top + height - 1], fill=back)
                draw.text((left, top + 1), ch, font=bold if is_bold else font, fill=front)
                x += cells
    image.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
