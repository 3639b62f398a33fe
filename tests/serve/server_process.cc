#include "serve/server_process.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <cstdlib>
#include <thread>

#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass::testing {
namespace {

// Runs `argv`, with stdout to a pipe (returned in `out_fd`) and stderr appended to `err_path`.
pid_t Spawn(const std::vector<std::string>& argv, int& out_fd, const std::string& err_path) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], 1);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) dup2(err, 2);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  out_fd = pipe_fds[0];
  return pid;
}

// Reads `fd` to its end, or until `stop_at_newline` sees a line, for at most `seconds`.
std::string ReadFd(int fd, bool stop_at_newline, int seconds) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (stop_at_newline && out.find('\n') != std::string::npos) break;
  }
  return out;
}

int WaitFor(pid_t pid, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace

std::string NewPostgresStore() {
  std::ifstream file(PKPASS_TEST_POSTGRES_CONNINFO);
  std::string conninfo;
  std::getline(file, conninfo);
  EXPECT_FALSE(conninfo.empty()) << "no PostgreSQL: ctest starts one (scripts/postgres.sh)";
  static std::atomic<int> counter{0};
  const std::string database = "pkpass_serve_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  PGconn* c = PQconnectdb(conninfo.c_str());
  EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, ("CREATE DATABASE " + database).c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  return "postgres:" + conninfo.substr(0, conninfo.find(" dbname=")) + " dbname=" + database;
}

std::string ServeTool() {
  const char* tool = std::getenv("PKPASS_SERVE_TOOL");
  return tool ? tool : "";
}

ServerProcess::ServerProcess(const std::vector<std::string>& flags, const std::string& store_spec)
    : flags_(flags), store_(store_spec) {
  dir_ = MakeTempDir("serve");
  const std::string models = std::string(PKPASS_SOURCE_DIR) + "/fixtures/models/";
  WriteFile(dir_ + "/routes.json",
            "{\"pass2u\": {\"1919\": \"" + models + "coffee.pass\", \"2126\": \"" + models + "member.pass\"},\n"
            " \"airship\": {\"123\": \"" + models + "airship-offer.pass\", \"12345\": \"" + models +
                "airship-offer.pass\", \"777\": \"" + models + "airship-event.pass\"},\n"
            " \"passcreator\": {\"aa6017e8-0dc5-447b-ac08-eff6462d883e\": \"" + models + "passcreator.pass\"},\n"
            " \"eventticket\": {\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\": \"" + models + "eventticket.pass\"}}\n");
  // Airship's thumbnail by URL, answered from a file as the golden cases do.
  const std::string image = "1411db8899d109d2cf1c2cb167432b4e4bb1dfb3.png";
  WriteFile(dir_ + "/" + image, ReadFile(std::string(PKPASS_SOURCE_DIR) + "/fixtures/images/" + image));
  WriteFile(dir_ + "/image-map.json", "{\"https://wallet.urbanairship.com/assets/favicon.png\": \"" + image + "\"}");
  int status = 0;
  key_ = Tool({"keys", "add", "--store", store(), "--name", "tests"}, &status);
  while (!key_.empty() && key_.back() == '\n') key_.pop_back();
  EXPECT_EQ(status, 0);
  EXPECT_EQ(key_.size(), 32u);
  Start();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
}

void ServerProcess::Start() {
  std::vector<std::string> argv = {ServeTool(), "run", "--store", store(), "--routes", dir_ + "/routes.json",
                                   "--wwdr", PkiDir() + "/wwdr.pem", "--cert", PkiDir() + "/signer.pem",
                                   "--key", PkiDir() + "/signer.key", "--listen",
                                   "127.0.0.1:" + std::to_string(port_),
                                   "--image-map", dir_ + "/image-map.json"};
  argv.insert(argv.end(), flags_.begin(), flags_.end());
  int out = -1;
  pid_ = Spawn(argv, out, dir_ + "/server.log");
  ASSERT_GT(pid_, 0);
  const std::string line = ReadFd(out, true, 20);
  close(out);
  const size_t colon = line.rfind(':');
  ASSERT_NE(colon, std::string::npos) << "pkpass-serve did not start: " << line << Log();
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int status = WaitFor(pid_, 20);
  pid_ = -1;
  return status;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void ServerProcess::Restart() {
  if (pid_ > 0) Stop();
  Start();
}

std::string ServerProcess::Tool(const std::vector<std::string>& args, int* status) const {
  std::vector<std::string> argv = {ServeTool()};
  argv.insert(argv.end(), args.begin(), args.end());
  int out = -1;
  const pid_t pid = Spawn(argv, out, dir_ + "/tool.log");
  std::string text = ReadFd(out, false, 30);
  close(out);
  const int code = WaitFor(pid, 30);
  if (status) *status = code;
  return text;
}

std::string ServerProcess::Log() const { return ReadFile(dir_ + "/server.log"); }

}  // namespace pkpass::testing
