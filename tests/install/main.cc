// Uses the installed library through its public headers only: compiles a model from memory,
// resolves a pass with overrides, verifies something that is no pass, imports a vendor payload,
// and claims values in issued values held in memory. Prints what it got and exits 0 only when
// every step gave what it should.
#include <pkpass/pkpass.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>

int main() {
  const std::map<std::string, std::string> files = {
      {"pass.json", R"({"formatVersion": 1, "passTypeIdentifier": "pass.example", "teamIdentifier": "T1",
                      "serialNumber": "S-1", "organizationName": "Example", "description": "A pass",
                      "generic": {"primaryFields": [{"key": "name", "value": "?"}]}})"}};
  pkpass::Diagnostics diags;
  pkpass::Result<pkpass::Model> model = pkpass::Model::FromFiles(files, diags);
  if (!model.ok()) {
    std::printf("model: %s\n%s", model.status().ToString().c_str(), pkpass::FormatText(diags).c_str());
    return 1;
  }
  pkpass::Diagnostics resolved_diags;
  pkpass::Result<pkpass::ParsedOverrides> overrides =
      pkpass::ParsedOverrides::Parse(R"({"fields": [{"key": "name", "value": "Ada"}]})", resolved_diags);
  pkpass::Result<std::string> pass_json = model->Resolve(*overrides, {}, resolved_diags);
  // No icon: the model resolves, and validation says icon-missing.
  const bool icon_missing = !pass_json.ok() && resolved_diags.size() == 1 &&
                            resolved_diags.items()[0].code == pkpass::codes::kIconMissing;
  pkpass::Diagnostics verify_diags;
  pkpass::VerifyOptions options;
  options.skip_chain_check = true;
  const pkpass::Status verified = pkpass::Verify("not a pass", options, verify_diags);
  // A Passcreator payload: its additional property is the model's field "name"; the problem
  // found while resolving (still no icon) keeps its place, and the field's value points back.
  pkpass::Diagnostics import_diags;
  pkpass::Result<pkpass::ImportedPayload> imported = pkpass::ImportPayload(
      pkpass::PayloadFormat::kPasscreator, R"({"data": {"name": "Grace"}})", &*model, import_diags);
  const bool converted = imported.ok() && imported->overrides() == R"({"fields":[{"key":"name","value":"Grace"}]})";
  // A message belongs to the first serial that claims it.
  pkpass::MemoryIssuedValues issued;
  const bool first = issued.Claim({"S-1", {"M"}, {}, 0, ""}).value() == std::nullopt;
  const std::optional<pkpass::IssuedConflict> second = issued.Claim({"S-2", {"M"}, {}, 0, ""}).value();
  const bool held = first && second && second->holder == "S-1";
  std::printf("pkpass %s: icon-missing %s, verify %s, import %s, issued %s\n", PKPASS_VERSION_STRING,
              icon_missing ? "reported" : "NOT reported", verified.ToString().c_str(),
              converted ? "converted" : "NOT converted", held ? "held" : "NOT held");
  return icon_missing && verified.code() == pkpass::StatusCode::kInvalidPass && converted && held ? 0 : 1;
}
