"""Names that the page model, its URL and the plotting layer all use: plain tuples, importing nothing.

It sits below every other package, so that ``playground.state`` (which validates a URL's ``layout``) and
``viz`` (which draws it, and may import only numpy and plotly besides) read the one definition.
"""

LAYOUTS = ("overlay", "multiples")  # all lanes on one map; one map per lane (small multiples)
