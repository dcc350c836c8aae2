"""``make bench``: how fast sgdanim renders and computes, against the floors that bound it."""
