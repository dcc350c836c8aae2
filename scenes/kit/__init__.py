"""What every lesson scene shares: the base scene, parts, palette, numbers, text, plots, the
models' formulas and animations."""
