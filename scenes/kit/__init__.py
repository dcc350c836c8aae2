"""What every lesson scene shares: the base scene, parts, palette, numbers, text, plots."""
