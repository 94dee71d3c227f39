"""The CLI's subcommands. Each function takes the parsed ``argparse.Namespace``
and returns an exit code. None of these modules imports Qt."""
