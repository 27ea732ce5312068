from sazon.cli.app import main

main()
