// pkpass-build: compiles, validates, signs and verifies Apple Wallet passes offline.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "pkpass/version.h"

namespace {

constexpr const char* kUsage = R"(usage: pkpass-build COMMAND [options]

commands:
  build     --model DIR [--overrides FILE|-] [--from FORMAT] [--image-dir DIR] [--image-map FILE]
            SIGNING -o OUT.pkpass [--model-serial] [--issued FILE] [--deterministic]
            [--digest sha256|sha1] [--strict]
  validate  --model DIR [--overrides FILE|-] [--from FORMAT] [--image-dir DIR] [--image-map FILE]
            [--model-serial] [--strict]
  batch     --model DIR --records FILE.ndjson|FILE.csv|- [--records-format ndjson|csv]
            [--from FORMAT] --out-dir DIR [-j N] [--errors FILE] [--completed FILE]
            [--bundle-by KEY] [--skip-existing] [--shard K/N] [--image-dir DIR] [--image-map FILE]
            [--patch PATCHES.ndjson | --patch-all PATCH.json] [--base STORED.ndjson]
            [--issued FILE] SIGNING [--deterministic] [--digest ...] [--strict]
  convert   --from FORMAT [--model DIR] FILE|-
  model     --from eventticket TEMPLATE.json|- -o DIR [--pass-type-id ID --team-id ID --icon PNG]
            [--image-map FILE]
  patch     --overrides STORED.json [--from FORMAT [--model DIR]] PATCH.json|-
  reset     (attribute NAME | field KEY | field-attribute KEY ATTRIBUTE) --overrides STORED.json
  bundle    -o FAMILY.pkpasses A.pkpass B.pkpass ... [--deterministic]
  verify    FILE.pkpass|FILE.pkpasses (--trust-root PEM | --no-trust-root) [--strict]
  dev-identity --out-dir DIR [--pass-type-id ID] [--team-id ID] [--key-pass-env VAR]

SIGNING := --cert PEM --key PEM [--key-pass-env VAR | --key-pass-file FILE] --wwdr FILE
         | --p12 FILE [--p12-pass-env VAR | --p12-pass-file FILE] --wwdr FILE
--format text|json   every command but dev-identity; json prints one object to stdout

validate without --overrides checks the model as a template: a key each pass supplies (such as
serialNumber) may be missing, with a warning; with --overrides it checks the pass they make.

--image-dir holds the images overrides name: {"type": "thumbnail", "hex": SHA1} reads SHA1.png,
{"path": "a/b.png"} that file; neither may leave the folder. --image-map FILE answers
{"url": "https://..."}: a JSON object from URL to a file inside FILE's folder; pkpass never
goes to the network, and a URL the map lacks is refused (image-url-unmapped).

--from FORMAT reads the overrides (or each record) as a vendor's API payload: pass2u (the
native form, the default), eventticket, airship or passcreator. Problems point into the payload
as written. convert prints the native overrides a payload makes.

build and validate refuse overrides without a serialNumber unless model.json generates serials
("serialNumbers": {"generate": "uuid"}); --model-serial takes the model's own, for one test pass.
validate gives build's verdict and diagnostics, a payload's problems and the pass's in one report.

model makes a model folder from the event-ticket API's CreatePassTemplate body (a new DIR needs
--pass-type-id, --team-id and --icon: the API's templates have none), or changes the model in DIR
by an UpdatePassTemplate body; the model is validated as a template before anything is written.

batch --patch (one update a line, naming its pass by the vendor's id) or --patch-all (one update
for every stored pass; Passcreator's bulk "filter" picks them) rebuilds stored overrides (--base,
what --completed wrote) with updates in the shape --from names.

--issued FILE is a journal of the values each pass was issued (its serial, its barcode messages
when model.json keeps them unique or generates them), shared by builds, batches and shards on
one file system: a value belongs to the first pass that claims it, and a resumed batch
(--skip-existing) gives each record the serial and values it was given before.

bundle puts up to 10 signed passes (150 MB) into one .pkpasses download; verify checks every
pass of a .pkpasses and names the one that fails.

patch and reset print a stored pass's new overrides: patch applies an update (keys replace,
null resets, fields merge by key; with --from a vendor's update body), reset is Pass2U's reset
of an attribute, a field, or one attribute of a field. Store the result and build it.

Passwords are read from an environment variable or a file, never from the command line.
SOURCE_DATE_EPOCH fixes the zip timestamps and the signing time: the same inputs then give
the same bytes (--deterministic insists on it).

Outputs are regular files written whole, with the mode the umask gives; -o and --errors never
replace a link, a folder, a device or a file the same run reads.

exit codes: 0 done (warnings allowed), 1 input rejected, 2 usage, 3 I/O or crypto failure
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace pkpass::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "pkpass-build " PKPASS_VERSION_STRING "\n";
    return kExitOk;
  }
  if (command == "build") return RunBuild(args);
  if (command == "batch") return RunBatch(args);
  if (command == "validate") return RunValidate(args);
  if (command == "convert") return RunConvert(args);
  if (command == "bundle") return RunBundle(args);
  if (command == "patch") return RunPatch(args);
  if (command == "model") return RunModel(args);
  if (command == "reset") return RunReset(args);
  if (command == "verify") return RunVerify(args);
  if (command == "dev-identity") return RunDevIdentity(args);
  return UsageError("unknown command " + command);
}
