from coachcheck.cli import main

main()
