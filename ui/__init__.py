"""Streamlit-only helpers shared by the pages: widgets driven by ``paramspec``, the lane editor, the scene
bar, session and cache helpers, and the one chart helper. Nothing else in the project imports this package."""
