import { type FormEvent, useState } from 'react';
import { api, type User } from '../api.ts';

export function LoginPage({ onLogin }: { onLogin: (u: User) => void }) {
  const [error, setError] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      const r = await api<{ user: User }>('POST', '/api/login', {
        username: form.get('username'),
        password: form.get('password'),
      });
      onLogin(r.user);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="center">
      <form className="card login" onSubmit={submit}>
        <h1>pbxkit CRM</h1>
        <label>
          Username
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && <p className="error">{error}</p>}
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
