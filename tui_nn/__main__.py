from tui_nn.cli import main

raise SystemExit(main())
