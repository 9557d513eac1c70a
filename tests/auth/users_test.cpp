// The users file, roles and password hashes, without a server.

#include "auth/users.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/password.hpp"

namespace {

namespace fs = std::filesystem;
using auth::role;

const std::string hash_a = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";

TEST(users, a_file_is_one_user_a_line_with_comments_and_blank_lines) {
  auto users = auth::parse_users("# staff\n\nalice:writer:" + hash_a
                                 + "\r\nbob:reader:!\ncarol:admin:" + hash_a);
  ASSERT_TRUE(users) << users.error();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].name, "alice");
  EXPECT_EQ((*users)[0].role, role::writer);
  EXPECT_EQ((*users)[0].hash, hash_a);
  EXPECT_EQ((*users)[1].hash, auth::certificate_only);
  EXPECT_EQ((*users)[2].role, role::admin);
  auto again = auth::parse_users(auth::format_users(*users));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 3u);
  EXPECT_EQ((*again)[2].name, "carol");
}

TEST(users, each_malformed_line_is_an_error_naming_it) {
  auto err = [](const std::string& text) {
    auto users = auth::parse_users(text);
    return users ? std::string{"parsed"} : users.error();
  };
  EXPECT_EQ(err("alice:writer"), "line 1: expected name:role:hash");
  EXPECT_EQ(err("ok:reader:!\nbad name:reader:!"), "line 2: invalid user name");
  EXPECT_EQ(err(":reader:!"), "line 1: invalid user name");
  EXPECT_FALSE(auth::valid_user_name("#admin")); // would read as a comment
  EXPECT_EQ(err(std::string(65, 'a') + ":reader:!"),
            "line 1: invalid user name");
  EXPECT_EQ(err("alice:root:!"),
            "line 1: unknown role 'root' (reader, writer or admin)");
  EXPECT_EQ(err("alice:anyone:!"),
            "line 1: unknown role 'anyone' (reader, writer or admin)");
  EXPECT_EQ(err("alice:reader:$2y$10$bcrypt"),
            "line 1: the hash of alice is not an Argon2id string");
  EXPECT_EQ(err("alice:reader:!\nalice:writer:!"),
            "line 2: user alice given twice");
}

TEST(users, roles_are_ordered_and_anyone_is_no_users_role) {
  EXPECT_TRUE(auth::allows(role::admin, role::writer));
  EXPECT_TRUE(auth::allows(role::writer, role::reader));
  EXPECT_TRUE(auth::allows(role::reader, role::reader));
  EXPECT_FALSE(auth::allows(role::reader, role::writer));
  EXPECT_FALSE(auth::allows(role::anyone, role::reader));
  EXPECT_EQ(auth::parse_role("writer"), role::writer);
  EXPECT_FALSE(auth::parse_role("anyone"));
  EXPECT_EQ(auth::to_string(role::reader), "reader");
}

class users_file : public ::testing::Test {
protected:
  void SetUp() override {
    dir_
      = fs::temp_directory_path()
        / ("users-test-" + std::to_string(::getpid()) + "-"
           + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "users").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(users_file, is_saved_for_its_owner_only_and_loaded_back) {
  ASSERT_TRUE(
    auth::save_users_file(path_, {auth::user{"alice", role::writer, hash_a}}));
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto users = auth::load_users_file(path_);
  ASSERT_TRUE(users) << users.error();
  EXPECT_EQ(users->at(0).name, "alice");
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(users_file, that_others_may_read_is_refused) {
  ASSERT_TRUE(auth::save_users_file(path_, {}));
  ::chmod(path_.c_str(), 0644);
  auto users = auth::load_users_file(path_);
  ASSERT_FALSE(users);
  EXPECT_EQ(users.error(),
            path_ + ": others may read or write it; chmod o-rwx " + path_);
  ::chmod(path_.c_str(), 0640); // the group may read it
  EXPECT_TRUE(auth::load_users_file(path_));
}

TEST_F(users_file, a_missing_or_broken_file_is_an_error) {
  auto missing = auth::load_users_file(path_);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("No such file"), std::string::npos);
  ASSERT_TRUE(auth::save_users_file(path_, {}));
  {
    FILE* f = std::fopen(path_.c_str(), "w");
    std::fputs("alice\n", f);
    std::fclose(f);
  }
  auto broken = auth::load_users_file(path_);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error(), path_ + ": line 1: expected name:role:hash");
}

TEST(password, an_argon2id_hash_verifies_its_password_only) {
  auto hash = auth::hash_password("correct horse");
  ASSERT_TRUE(hash) << hash.error();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(auth::parse_users("u:reader:" + *hash));
  EXPECT_TRUE(auth::verify_password(*hash, "correct horse"));
  EXPECT_FALSE(auth::verify_password(*hash, "correct horse "));
  EXPECT_FALSE(auth::verify_password(*hash, ""));
  EXPECT_FALSE(auth::verify_password("!", "correct horse"));
  EXPECT_NE(*auth::hash_password("correct horse"), *hash); // salted
}

} // namespace
