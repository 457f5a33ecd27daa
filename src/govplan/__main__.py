from govplan.cli.entry import console

console()
