from docengine.cli import main

main()
