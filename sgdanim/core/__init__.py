"""The numeric core: numpy and scipy only; it never imports manim."""
