"""Names that the page model, its URL and the plotting layer all use: plain tuples and words, importing
nothing.

It sits below every other package, so that ``playground.state`` (which validates a URL's ``layout``) and
``viz`` (which draws it, and may import only numpy and plotly besides) read the one definition.
"""

LAYOUTS = ("overlay", "multiples")  # all lanes on one map; one map per lane (small multiples)


def stop_words(step: int, *, left_domain: bool = False) -> str:
    """How a lane's path that ends early is named, with the one step number, wherever it is written: the
    page's warning, the map's cross, its loss panel and its legend.

    ``left_domain``: the step put the point where the formula is not a real number (a logarithm of a
    negative number); otherwise the step left the bounded region or overflowed.

    >>> stop_words(85), stop_words(84, left_domain=True)
    ('diverged at step 85', "left the formula's domain at step 84")
    """
    return f"left the formula's domain at step {step}" if left_domain else f"diverged at step {step}"
