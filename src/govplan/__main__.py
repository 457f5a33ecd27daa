from govplan.cli.entry import main

raise SystemExit(main())
