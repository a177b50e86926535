__version__ = '0.1.0'


def parse_version_info(version_str: str) -> tuple:
    """``'1.2.0'`` -> ``(1, 2, 0)``; ``'1.2.0rc1'`` -> ``(1, 2, 0, 'rc1')``.

    Args:
        version_str (str): A version of the form ``major.minor.patch`` with
            an optional ``rc<n>`` suffix on the last part.

    Returns:
        tuple: The integer parts, then the release-candidate tag if any.
    """
    version_info = []
    for part in version_str.split('.'):
        if part.isdigit():
            version_info.append(int(part))
        elif 'rc' in part:
            patch, rc = part.split('rc')
            version_info += [int(patch), f'rc{rc}']
    return tuple(version_info)


version_info = parse_version_info(__version__)
