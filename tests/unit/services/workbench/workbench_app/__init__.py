"""workbench: things made and renamed; the update takes the row its route looked up first."""
