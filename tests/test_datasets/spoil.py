"""Ways to spoil a file written in a real format, shared by the bad-input
tests (issue 17): each writes the damaged file in place."""
import cv2
import numpy as np


def truncate(path):
    """Keep the first half of the file (a JPEG loses its end marker)."""
    with open(path, 'rb') as f:
        content = f.read()
    with open(path, 'wb') as f:
        f.write(content[:len(content) // 2])


def empty(path):
    """Make the file zero bytes long."""
    open(path, 'wb').close()


def garbage(path):
    """Replace the content by bytes no decoder reads."""
    with open(path, 'wb') as f:
        f.write(b'this is not an image')


def gray(path, height, width):
    """Write a one-channel image of ``height`` x ``width`` at ``path``."""
    cv2.imwrite(path, np.full((height, width), 40, np.uint8))
