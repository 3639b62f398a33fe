// pkpass-build: compiles, validates, signs and verifies Apple Wallet passes offline. The commands
// are the table in commands.cc; `pkpass-build --help` lists them.
#include <string>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) { return pkpass::cli::Main(std::vector<std::string>(argv + 1, argv + argc)); }
