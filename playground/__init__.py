"""Pure logic of the Playground page: its state, the URL codec, lane computation, default learning rates.

Nothing here imports streamlit or plotly; ``app_pages/playground.py`` composes widgets around these calls.
"""
