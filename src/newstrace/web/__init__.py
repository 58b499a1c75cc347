"""The newstrace web UI and story reports.

``app.create_app(db)`` builds the read-only Starlette app (``newstrace serve``);
``queries`` gathers the data every page, JSON twin and report shares; ``svg`` draws the
sourcing-chain graph and the timeline; ``views`` renders pages and the self-contained report.
"""
