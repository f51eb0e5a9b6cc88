"""The sub-commands of `relais` beyond check, build and serve (cli.py registers them)."""
