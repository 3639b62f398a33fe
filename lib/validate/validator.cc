#include "validate/validator.h"

#include "model/model_loader.h"
#include "resolve/resolver.h"
#include "validate/rules.h"

namespace pkpass {

namespace {

void RunRules(const Checker& check, const SignerIdentity* signer, Diagnostics& diags) {
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

}  // namespace

void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags,
              const ValidationMemo* memo) {
  RunRules(Checker(pass, diags, pass.is_model ? nullptr : memo), signer, diags);
}

const ValidationMemo& MemoOf(const Model::Impl& model) {
  std::call_once(model.memo_once, [&model] {
    auto memo = std::make_shared<ValidationMemo>();
    ResolvedPass pass;
    Diagnostics diags;
    Resolve(model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
    RunRules(Checker(pass, diags, nullptr, memo.get()), nullptr, diags);
    model.memo = std::move(memo);
  });
  return *model.memo;
}

void ValidatePassFiles(const std::map<std::string, std::string>& files, const SignerIdentity* signer,
                       bool allow_http_web_service, Diagnostics& diags) {
  std::shared_ptr<const Model::Impl> model = CompileModel(files, diags);
  if (model == nullptr) return;
  ResolvedPass pass;
  pass.allow_http_web_service = allow_http_web_service;
  Resolve(*model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
  Validate(pass, signer, diags);
}

}  // namespace pkpass
