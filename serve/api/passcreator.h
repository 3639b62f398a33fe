// Passcreator's v3 pass routes (shared/seeds/004), in its envelope {"success", "description",
// "errors", "data", "statusCode", "count"}:
//   POST   /api/v3/pass                   create ({"data": {"templateId", ...}})   200
//   POST   /api/v3/pass/{identifier}      replace: what the body leaves out returns to the template's
//   PATCH  /api/v3/pass/{identifier}      update the values given
//   POST   /api/v3/pass/bulk  PATCH       the same for each of "filter": {"identifiers": [...]}  202
//   GET    /api/v3/pass/{identifier}      the pass's links
//   DELETE /api/v3/pass/{identifier}      delete
// The key comes in the Authorization header, as it is. Processing is never deferred: "async" is
// accepted and every answer is final.
#ifndef PKPASS_SERVE_API_PASSCREATOR_H_
#define PKPASS_SERVE_API_PASSCREATOR_H_

#include <string>

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class PasscreatorApi : public Api {
 public:
  static constexpr size_t kMaxBulkPasses = 1000;

  PasscreatorApi(Passes& passes, std::string public_url) : passes_(passes), public_url_(std::move(public_url)) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

 private:
  Response Create(const Request& request);
  Response Change(const Request& request, const std::string& identifier, bool replace);
  Response Bulk(const Request& request, bool replace);
  Response Show(const std::string& identifier);
  Response Remove(const std::string& identifier);
  // The envelope with the pass's data.
  Response PassAnswer(const StoredPass& pass, const std::string& description);

  Passes& passes_;
  const std::string public_url_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_PASSCREATOR_H_
