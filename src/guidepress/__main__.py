from guidepress.cli import main

main()
