import { listenError } from './startup-messages';
import { StartupError } from './startup-error';

/** A listen failure as Node reports it. */
const failure = (code: string, port: number): NodeJS.ErrnoException =>
  Object.assign(new Error(`listen ${code}: address already in use :::${port}`), { code, syscall: 'listen', port });

describe(listenError.name, () => {
  const sut = listenError;

  it('says which port is taken, that another process holds it, and how to choose another', () => {
    const error = sut(failure('EADDRINUSE', 3000), 3000);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('Port 3000 is already in use: another process is listening on it');
    expect((error as Error).message).toContain('PORT=3001');
  });

  it('says a port needs privileges, and suggests an unprivileged one', () => {
    const error = sut(failure('EACCES', 80), 80);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('Port 80 needs privileges');
    expect((error as Error).message).toContain('PORT=3000');
  });

  it('leaves any other error as it is, stack and all', () => {
    const other = new Error('something else');

    expect(sut(other, 3000)).toBe(other);
  });
});
