"""One module per subcommand: NAME, HELP (msgid), add_arguments(parser), run(args) -> int."""
