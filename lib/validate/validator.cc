#include "validate/validator.h"

#include "model/model_loader.h"
#include "resolve/resolver.h"
#include "validate/rules.h"

namespace pkpass {

void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags) {
  const Checker check(pass, diags);
  CheckIdentity(check, signer);
  CheckKeys(check);
  CheckFields(check);
  CheckRelevance(check);
  CheckBarcodes(check);
  CheckSemantics(check);
  CheckPersonalization(check, diags);
  CheckImages(check);
  CheckLocalization(check);
}

void ValidatePassFiles(const std::map<std::string, std::string>& files, const SignerIdentity* signer,
                       Diagnostics& diags) {
  std::shared_ptr<const Model::Impl> model = CompileModel(files, diags);
  if (model == nullptr) return;
  ResolvedPass pass;
  Resolve(*model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
  Validate(pass, signer, diags);
}

}  // namespace pkpass
