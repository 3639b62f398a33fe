// The table of pkpass-build's commands (commands.h): the one source of their usage and help.
#include <initializer_list>

#include "commands.h"

namespace pkpass::cli {
namespace {

using Group = std::initializer_list<FlagSpec>;

// Concatenates flag groups into a command's flags.
std::vector<FlagSpec> Join(std::initializer_list<Group> groups) {
  std::vector<FlagSpec> flags;
  for (const Group& group : groups) flags.insert(flags.end(), group.begin(), group.end());
  return flags;
}

// clang-format off
const Group kFormat = {
    {"--format", "text|json", "text on stderr (the default), or one JSON object on stdout"}};
const Group kFrom = {
    {"--from", "FORMAT", "the input is a vendor's payload: pass2u (native, the default), eventticket, airship, passcreator"}};
const Group kModel = {{"--model", "DIR", "the model folder: pass.json, images, model.json, xx.lproj/"}};
const Group kImages = {
    {"--image-dir", "DIR", "where overrides' images are read: \"hex\" names DIR/HEX.png, \"path\" a file inside DIR"},
    {"--image-map", "FILE", "a JSON object from image URL to a file inside FILE's folder; pkpass never fetches"},
    {"--derive-images", "", "make Apple's PNG sets from images of any format and size, the model's and the overrides'"}};
const Group kSigning = {
    {"--cert", "PEM", "the Pass Type ID certificate"},
    {"--key", "PEM", "its private key"},
    {"--key-pass-env", "VAR", "the key's password, from this environment variable"},
    {"--key-pass-file", "FILE", "the key's password, from this file"},
    {"--p12", "FILE", "certificate and key as PKCS#12, instead of --cert and --key"},
    {"--p12-pass-env", "VAR", "the PKCS#12 password, from this environment variable"},
    {"--p12-pass-file", "FILE", "the PKCS#12 password, from this file"},
    {"--wwdr", "PEM", "the Apple WWDR intermediate certificate that issued the Pass Type ID certificate"}};
const Group kSign = {
    {"--digest", "sha256|sha1", "the signature's digest (sha256 by default)"},
    {"--deterministic", "", "insist on SOURCE_DATE_EPOCH: the same inputs give the same bytes"},
    {"--strict", "", "warnings are errors"}};
const Group kIssued = {
    {"--issued", "FILE", "the journal of values issued to passes, shared by builds, batches and shards"}};
const Group kModelSerial = {
    {"--model-serial", "", "take the model's serialNumber when the overrides give none (one test pass)"}};
const Group kOverrides = {{"--overrides", "FILE|-", "the pass's overrides (or a vendor's payload, with --from)"}};
const Group kStored = {{"--overrides", "STORED.json", "the stored pass's native overrides"}};

const std::vector<Command> kCommands = {
    {"build",
     "--model DIR [--overrides FILE|-] [--from FORMAT] SIGNING -o OUT.pkpass [options]",
     "build and sign one pass",
     "Builds the pass a model and its overrides make, signs it and writes OUT.pkpass. Overrides\n"
     "without a serialNumber are refused unless model.json generates serials or --model-serial is\n"
     "given. When the build generates a value (a serial, a barcode message), the completed overrides\n"
     "are printed: store them to update the pass later.",
     Join({kModel, kOverrides, kFrom, {{"-o", "OUT.pkpass", "the pass to write"}}, kImages, kSigning, kSign,
           kIssued, kModelSerial, kFormat}),
     RunBuild},
    {"validate",
     "--model DIR [--overrides FILE|-] [--from FORMAT] [options]",
     "check a model, or the pass its overrides make",
     "Without --overrides, checks the model as a template: a key each pass supplies (such as\n"
     "serialNumber) may be missing, with a warning. With --overrides, gives build's verdict and\n"
     "diagnostics for the pass they make, the payload's problems and the pass's in one report.",
     Join({kModel, kOverrides, kFrom, kImages, kModelSerial, {{"--strict", "", "warnings are errors"}}, kFormat}),
     RunValidate},
    {"batch",
     "--model DIR --records FILE|- --out-dir DIR SIGNING [options]",
     "build one pass per record, on every core",
     "Builds OUT/<serialNumber>.pkpass for each record: a line of NDJSON overrides (or of a vendor's\n"
     "payloads, with --from) or a row of CSV. A record that fails is a line of --errors and the batch\n"
     "goes on. --patch (one update a line, naming its pass by the vendor's id) or --patch-all (one\n"
     "update for every stored pass; Passcreator's bulk \"filter\" picks them) rebuilds stored overrides\n"
     "(--base, what --completed wrote) with updates in the shape --from names. A resumed batch\n"
     "(--skip-existing) with --issued gives each record the serial and values it was given before.",
     Join({kModel,
           {{"--records", "FILE|-", "the records: NDJSON, or CSV by its .csv name"},
            {"--records-format", "ndjson|csv", "the records' format, whatever their name"},
            {"--out-dir", "DIR", "where the passes go"},
            {"-j", "N", "threads, 1 to 256 (default: the number of cores)"},
            {"--errors", "FILE", "the failed records, one NDJSON line each (default: stderr)"},
            {"--completed", "FILE", "every record's completed native overrides, one NDJSON line each"},
            {"--bundle-by", "KEY", "records whose completed overrides give KEY one value share OUT/<value>.pkpasses"},
            {"--skip-existing", "", "keep the passes OUT holds already; build the others"},
            {"--shard", "K/N", "build shard K (from 0) of N: the records whose serial falls in it"},
            {"--patch", "FILE", "updates, one a line, each naming its pass"},
            {"--patch-all", "FILE", "one update for every stored pass"},
            {"--base", "FILE", "the stored native overrides the updates apply to (instead of --records)"}},
           kFrom, kImages, kSigning, kSign, kIssued, kFormat}),
     RunBatch},
    {"convert",
     "--from FORMAT [--model DIR] FILE|-",
     "print the native overrides a vendor's payload makes",
     "With --model, the payload's names go through the model's payloadFields and the model's\n"
     "images are kept beside URL images.",
     Join({kFrom, kModel, kFormat}),
     RunConvert},
    {"model",
     "--from eventticket TEMPLATE.json|- -o DIR [--pass-type-id ID --team-id ID --icon PNG]",
     "make or change a model from the event-ticket API's template",
     "Makes a model folder from a CreatePassTemplate body (a new DIR needs --pass-type-id,\n"
     "--team-id and --icon: the API's templates have none), or changes the model in DIR by an\n"
     "UpdatePassTemplate body. The model is validated as a template before anything is written.",
     Join({kFrom,
           {{"-o", "DIR", "the model folder to write or change"},
            {"--pass-type-id", "ID", "the pass type identifier of a new model"},
            {"--team-id", "ID", "the team identifier of a new model"},
            {"--icon", "PNG", "the icon of a new model"},
            {"--image-map", "FILE", "a JSON object from image URL to a file inside FILE's folder"}},
           kFormat}),
     RunModel},
    {"patch",
     "--overrides STORED.json [--from FORMAT [--model DIR]] PATCH.json|-",
     "print a stored pass's overrides with an update applied",
     "Keys replace, null resets, fields merge by key; with --from the patch is a vendor's update\n"
     "body, which must name the stored pass. Store the result and build it.",
     Join({kStored, kFrom, kModel, kFormat}),
     RunPatch},
    {"reset",
     "(attribute NAME | field KEY | field-attribute KEY ATTRIBUTE) --overrides STORED.json",
     "print a stored pass's overrides with a Pass2U reset applied",
     "Resets an attribute, a field, or one attribute of a field to the model's. A name the stored\n"
     "overrides do not have is refused (reset-absent).",
     Join({kStored, kFormat}),
     RunReset},
    {"bundle",
     "-o FAMILY.pkpasses A.pkpass B.pkpass ... [--deterministic]",
     "put signed passes into one .pkpasses download",
     "Up to 10 passes and 150 MB, as Wallet takes them; each pass keeps its file name.\n"
     "SOURCE_DATE_EPOCH stamps the entries.",
     Join({{{"-o", "FAMILY.pkpasses", "the bundle to write"},
            {"--deterministic", "", "insist on SOURCE_DATE_EPOCH"}},
           kFormat}),
     RunBundle},
    {"verify",
     "FILE.pkpass|FILE.pkpasses (--trust-root PEM | --no-trust-root) [--strict]",
     "check a signed pass or bundle as Wallet would",
     "Checks the archive, the manifest, the signature and its chain, and the pass.json rules. A\n"
     ".pkpasses is checked pass by pass. A trust root, or the explicit choice to go without one, is\n"
     "required: \"the signature is intact\" must never pass for \"the pass is trusted\".",
     Join({{{"--trust-root", "PEM", "the root the signer must chain to (Apple's, or a test root)"},
            {"--no-trust-root", "", "check the signature without its chain"},
            {"--strict", "", "warnings are errors"}},
           kFormat}),
     RunVerify},
    {"dev-identity",
     "--out-dir DIR [--pass-type-id ID] [--team-id ID] [--key-pass-env VAR]",
     "write a throwaway signing identity for development",
     "Writes root.pem, wwdr.pem, signer.pem and signer.key (mode 0600; encrypted when --key-pass-env\n"
     "names a password). Wallet trusts none of it.",
     {{"--out-dir", "DIR", "where the files go"},
      {"--pass-type-id", "ID", "the signer's UID (default pass.dev.pkpass.sample)"},
      {"--team-id", "ID", "the signer's OU (default DEVTEAM001)"},
      {"--key-pass-env", "VAR", "encrypt the key with the password in this environment variable"}},
     RunDevIdentity},
    {"identity",
     "request --pass-type-id ID --team-id ID --out-dir DIR | import --cer pass.cer --key key.pem --out-dir DIR "
     "[--p12 OUT.p12] | check SIGNING",
     "make a signing identity with Apple's portal, and check one",
     "request writes DIR/key.pem (RSA-2048, encrypted under --key-pass-env or --key-pass-file, mode\n"
     "0600) and DIR/request.certSigningRequest, to upload for the Pass Type ID in Certificates,\n"
     "Identifiers & Profiles. import takes the pass.cer the portal gives back (DER or PEM) with that\n"
     "key: it checks that they belong together and that the certificate is a Pass Type ID\n"
     "certificate, names the WWDR intermediate that issued it and where to get it, and writes\n"
     "DIR/certificate.pem, a PKCS#12 at --p12 (under the key's password, mode 0600) and DIR/wwdr.pem\n"
     "with --wwdr (checked as build loads it). check loads SIGNING as build does and prints what it\n"
     "is, its expiry and the days left, warning within --warn-days (default 30); exit 1 when build\n"
     "would refuse it. --format json prints one object, for monitoring.",
     Join({{{"--pass-type-id", "ID", "request: the pass type identifier registered in the portal"},
            {"--team-id", "ID", "request: the team identifier"},
            {"--email", "ADDRESS", "request: an e-mail address for the request's subject"},
            {"--out-dir", "DIR", "request, import: where the files go"},
            {"--cer", "FILE", "import: the certificate the portal gave (pass.cer)"},
            {"--warn-days", "N", "check: warn when the certificate or the WWDR expires within N days"}},
           kSigning, kFormat}),  // import's --p12 names the PKCS#12 to write; check's, the one to load
     RunIdentity},
    {"image",
     "FILE --type TYPE [--style STYLE] -o DIR | add FILE --image-dir DIR",
     "make a style's PNG set from any image, or store an upload by its SHA-1",
     "Writes TYPE.png, TYPE@2x.png and TYPE@3x.png at Apple's size for the type and style from one\n"
     "PNG, JPEG, GIF or BMP of any size: logos and footers fit inside it keeping their shape, the icon\n"
     "is centred on a transparent square, a strip, background or artwork is cropped evenly as Wallet\n"
     "crops it, a thumbnail is padded to a shape Wallet shows whole. What was cropped, padded or\n"
     "enlarged is printed. `image add` stores FILE as DIR/HEX.png (converted when it is no PNG) and\n"
     "prints HEX, the name an image override gives it, as Pass2U's upload answers.",
     Join({{{"--type", "TYPE", "icon, logo, strip, background, thumbnail, footer, primaryLogo, secondaryLogo, artwork"},
            {"--style", "STYLE", "boardingPass, coupon, eventTicket, generic or storeCard (when the size depends on it)"},
            {"-o", "DIR", "where the PNGs go"},
            {"--image-dir", "DIR", "with add: the image folder overrides' \"hex\" names read from"}},
           kFormat}),
     RunImage},
    {"codes",
     "[--format text|json]",
     "list every diagnostic code",
     "Prints each code with its area, its severity without --strict and its meaning.",
     Join({kFormat}),
     RunCodes},
};
// clang-format on

}  // namespace

const std::vector<Command>& Commands() { return kCommands; }

const std::string_view kGeneralHelp =
    "SIGNING is --cert PEM --key PEM [--key-pass-env VAR | --key-pass-file FILE] --wwdr PEM, or\n"
    "--p12 FILE [--p12-pass-env VAR | --p12-pass-file FILE] --wwdr PEM. Passwords are read from\n"
    "an environment variable or a file, never from the command line.\n"
    "\n"
    "--from FORMAT reads the overrides (or each record) as a vendor's API payload: pass2u (the\n"
    "native form, the default), eventticket, airship or passcreator. Problems point into the\n"
    "payload as written.\n"
    "\n"
    "SOURCE_DATE_EPOCH fixes the zip timestamps and the signing time: the same inputs then give\n"
    "the same bytes (--deterministic insists on it).\n"
    "\n"
    "Outputs are regular files written whole, with the mode the umask gives; -o and --errors\n"
    "never replace a link, a folder, a device or a file the same run reads.\n"
    "\n"
    "Exit codes: 0 done (warnings allowed), 1 input rejected, 2 usage, 3 I/O or crypto failure.\n";

}  // namespace pkpass::cli
