-- Which films a rights-holder user holds: a rights holder downloads the takedown packets of these films' matches
-- only. A link per user login (an organisation's several logins each get the films; one login may hold many
-- films). Links are added with `kuzet users link-film` and audited as user.link_film.
CREATE TABLE user_films (
  user_id    text NOT NULL REFERENCES users(id),
  film_id    text NOT NULL REFERENCES films(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, film_id)
);
CREATE INDEX user_films_film ON user_films (film_id);
