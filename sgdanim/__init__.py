"""sgdanim: animated lessons about how SGD really behaves.

The numeric core (data, models, optimizers, trajectory, analysis) uses numpy and scipy only;
manim is imported by the render pipeline and the scenes, never here.
"""

__version__ = "0.1.0"
