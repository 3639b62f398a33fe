// pkpass-serve run as the tests' child process: started with a fresh SQLite store, an API key,
// the test PKI and the fixture models, stopped with SIGTERM (as a service manager stops it).
#ifndef PKPASS_TESTS_SERVE_SERVER_PROCESS_H_
#define PKPASS_TESTS_SERVE_SERVER_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pkpass::testing {

class ServerProcess {
 public:
  // Makes a temp folder with the store and routes.json (Pass2U's models 1919: coffee.pass and
  // 2126: member.pass; Airship's templates 123 and 12345: airship-offer.pass, 777:
  // airship-event.pass; the seeds' Passcreator and event-ticket template ids), adds an API key,
  // and starts the server on a free port with `flags` added, Airship's thumbnail URL answered by
  // --image-map. Fails the test when it does not start.
  // `store`, when given, is the store to use instead ("postgres:..."), shared with others.
  explicit ServerProcess(const std::vector<std::string>& flags = {}, const std::string& store_spec = {});
  // Stops it (SIGTERM) if it runs.
  ~ServerProcess();

  // Sends SIGTERM and waits for the exit; returns its exit status (-1: killed after 20 s).
  int Stop();
  // Sends SIGKILL and waits.
  void Kill();
  // Starts it again on the same store and port (so that its passes keep their webServiceURL).
  void Restart();

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& key() const { return key_; }
  const std::string& dir() const { return dir_; }
  std::string store() const { return store_.empty() ? "sqlite:" + dir_ + "/store.db" : store_; }
  // Runs `pkpass-serve ARGS` to its end; returns its stdout, and its exit status in `status`.
  std::string Tool(const std::vector<std::string>& args, int* status = nullptr) const;
  // What the server wrote to stderr (the access log) so far.
  std::string Log() const;

 private:
  void Start();

  std::vector<std::string> flags_;
  std::string store_;
  std::string dir_;
  std::string key_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// The path of the pkpass-serve binary (PKPASS_SERVE_TOOL).
std::string ServeTool();

// A new empty database on the tests' PostgreSQL server (which ctest starts), as a store spec
// ("postgres:host=... dbname=..."); fails the test when there is no server.
std::string NewPostgresStore();

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_SERVE_SERVER_PROCESS_H_
