from meetup.cli import main

main(prog_name="meetup")
