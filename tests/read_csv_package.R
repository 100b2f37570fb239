# Read the release's CSV package in R, typed by its Table Schemas, and print for each
# table: name, rows, parsing problems. frictionless::read_package() does the same; it is
# on CRAN only, so this uses readr and jsonlite (Debian: r-cran-readr, r-cran-jsonlite).
args <- commandArgs(trailingOnly = TRUE)
descriptor <- jsonlite::fromJSON(file.path(args[1], "datapackage.json"), simplifyVector = FALSE)
types <- c(string = "c", integer = "i", number = "d", boolean = "l", date = "D")
for (resource in descriptor$resources) {
  spec <- paste(vapply(resource$schema$fields, function(f) types[[f$type]], ""), collapse = "")
  table <- readr::read_csv(file.path(args[1], resource$path), col_types = spec, na = "",
                           progress = FALSE)
  cat(resource$name, nrow(table), nrow(readr::problems(table)), "\n")
}
