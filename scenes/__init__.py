"""Manim scenes, one lesson per module. They draw what the core computed and nothing else."""
