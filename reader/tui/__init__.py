"""The Textual user interface. Only this package imports textual; it reads the store in worker threads
and runs refreshes in a child ``szreader refresh`` process, so the UI thread only draws."""
