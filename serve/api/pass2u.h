// Pass2U's Pass API v2 (shared/seeds/000, 001), as its clients call it:
//   POST   /v2/models/{modelId}/passes                      create         201
//   PUT    /v2/models/{modelId}/passes/{passId}             update (patch) 200
//   DELETE /v2/models/{modelId}/passes/{passId}/attributes/{name}            reset attribute
//   DELETE /v2/models/{modelId}/passes/{passId}/fields/{key}                 reset field
//   DELETE /v2/models/{modelId}/passes/{passId}/fields/{key}/attributes/{name}  reset field attribute
//   GET    /v2/models/{modelId}/passes/{passId}             the .pkpass
//   GET    /v2/models/{modelId}/passes/{passId}/status      status
//   POST   /v2/images                                       upload a PNG   200 {"hex": SHA-1}
#ifndef PKPASS_SERVE_API_PASS2U_H_
#define PKPASS_SERVE_API_PASS2U_H_

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class Pass2uApi : public Api {
 public:
  static constexpr size_t kMaxImageBytes = 4 << 20;
  static constexpr unsigned kMaxImageSide = 1024;

  explicit Pass2uApi(Passes& passes) : passes_(passes) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

 private:
  Response Create(const Request& request, const std::string& model_id);
  Response Update(const Request& request, const std::string& model_id, const std::string& pass_id);
  Response Reset(const Request& request, const std::string& model_id, const std::string& pass_id,
                 const Passes::Change& change);
  Response Download(const Request& request, const std::string& model_id, const std::string& pass_id);
  Response PassStatus(const Request& request, const std::string& model_id, const std::string& pass_id);
  Response UploadImage(const Request& request);
  // The create and update answer: passId, modelId, barcode and NFC messages, times, expiry.
  Response PassAnswer(int status, const StoredPass& pass, bool created);

  Passes& passes_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_PASS2U_H_
