// Airship Wallet's pass routes (shared/seeds/003), in its shapes:
//   POST   /v1/pass/{templateId}                       create                   200 pass
//   POST   /v1/pass/{templateId}/dynamic               create, answer a link    200 {"url"}
//   POST   /v1/pass/{templateId}/id/{externalId}       create with an external id
//   GET    /v1/pass/{id}            PUT (update)       DELETE                   200
//   GET    /v1/pass/id/{externalId} PUT                DELETE                   the same by external id
//   GET    /v1/pass/{id}/download                      the .pkpass
//   POST   /v1/pass/{id}/locations                     add locations            200 [{passLocationId, value}]
//   DELETE /v1/pass/{id}/location/{passLocationId}     remove one               200 {"locations"}
// An external id is the pass's serialNumber; a location's passLocationId is derived from the
// location itself (31 bits of its SHA-1), so it needs no storage and names the same location on
// every instance.
#ifndef PKPASS_SERVE_API_AIRSHIP_H_
#define PKPASS_SERVE_API_AIRSHIP_H_

#include <string>

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class AirshipApi : public Api {
 public:
  AirshipApi(Passes& passes, std::string public_url) : passes_(passes), public_url_(std::move(public_url)) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

 private:
  Response Create(const Request& request, const std::string& template_id, const std::string& external_id,
                  bool dynamic);
  Response Show(const PassRef& ref);
  Response Update(const Request& request, const PassRef& ref);
  Response Remove(const PassRef& ref);
  Response AddLocations(const Request& request, const PassRef& ref);
  Response RemoveLocation(const PassRef& ref, const std::string& location_id);
  // The pass as Airship answers it: ids, times and links.
  Response PassAnswer(const StoredPass& pass);

  Passes& passes_;
  const std::string public_url_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_AIRSHIP_H_
