from office.cli import main

raise SystemExit(main())
