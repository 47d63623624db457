"""The explorer: a Textual app over a loaded `Library` (releases, chapters, two councils).

Only this package imports Textual. `app.build_app(sources)` builds the app (tests call it);
`launch.run_app(sources)` is what `manualtui browse` runs.
"""
