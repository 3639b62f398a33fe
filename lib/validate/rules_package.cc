// Rules for the files of the package (pkpass-spec.md §1.1, §9 rule 2).
#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {

void CheckPackage(const ResolvedPass& pass, Diagnostics& diags) {
  const auto& files = pass.files;
  if (!files.contains("icon.png") && !files.contains("icon@2x.png") &&
      !files.contains("icon@3x.png")) {
    diags.Error(codes::kIconMissing, "icon.png", "",
                "every pass needs an icon: icon.png, icon@2x.png or icon@3x.png");
  }
}

}  // namespace pkpass
