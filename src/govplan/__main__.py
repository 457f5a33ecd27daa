from govplan.cli.app import main

raise SystemExit(main())
