from caseworker.cli.main import main

raise SystemExit(main())
