-- csaudit fixture (early era, Apache CloudStack 3.0.2): HARDENING applied on top of weak.sql (DB encryption on, key in README)
-- Throw-away test data; every key/password/certificate here was generated for this fixture.

-- 1. configuration hardening
UPDATE `configuration` SET `value` = 'true' WHERE `name` = 'consoleproxy.sslEnabled';
UPDATE `configuration` SET `value` = 'cloud.example.com' WHERE `name` = 'consoleproxy.url.domain';
UPDATE `configuration` SET `value` = 'https://cloud.example.com/client/api' WHERE `name` = 'endpointe.url';
UPDATE `configuration` SET `value` = NULL WHERE `name` = 'integration.api.port';
UPDATE `configuration` SET `value` = 'true' WHERE `name` = 'secstorage.encrypt.copy';
UPDATE `configuration` SET `value` = 'cloud.example.com' WHERE `name` = 'secstorage.ssl.cert.domain';
UPDATE `configuration` SET `value` = 'true' WHERE `name` = 'system.vm.random.password';

-- 2. database encryption switched on (db.cloud.encryption.type=file, encryptor V1): every non-empty
--    Hidden/Secure configuration value re-written as ciphertext under the DB key (see README)
UPDATE `configuration` SET `value` = 'yI2F/IvNvh5vIWRUyZw4H8ZWdzAYaYiB5YlKUNiDCtQ=' WHERE `name` = 'alert.smtp.password';
UPDATE `configuration` SET `value` = 'ajYaxzxLyn4ua4DTKJiOWxEhoFBOO0zvLRGQYF4M1MC++VdGwMpG+wMENGHNoKjDVprm/R4oGoY=' WHERE `name` = 'cloud.identifier';
UPDATE `configuration` SET `value` = 'cihpk5lbHba4M27e3qhUdw==' WHERE `name` = 'init';
UPDATE `configuration` SET `value` = 'OTaMsRZCLMRjbDOOpBGP5V7tdAkhIEf5VIjdIk/1vf2aCbCiDVotjA==' WHERE `name` = 'network.loadbalancer.haproxy.stats.auth';
UPDATE `configuration` SET `value` = 'HgQq4Ln9XRRWYdgvdADBwA==' WHERE `name` = 'router.ram.size';
UPDATE `configuration` SET `value` = 'bj5ls0TDoQZz2b9SJzoaeQ==' WHERE `name` = 'secondary.storage.vm';
UPDATE `configuration` SET `value` = '1+XXxcbSrtlC5Do1u0H6f8rZgDNbNwOE' WHERE `name` = 'secstorage.copy.password';
UPDATE `configuration` SET `value` = 'j8fonczVjfoBTFpkTl4udRv5CNawwYbP/GRIsPgSoUeZVWMD/dmDPw==' WHERE `name` = 'security.hash.key';
UPDATE `configuration` SET `value` = 'Rz7Fwkg8Md1pid+HQGJcNwNP3Ja343ocgWyuoxWg2bmH1zrl/dX87nRZBAw3tZRQtwNILVDxJAJcHeJp3TWhWiS5vMrRyefvHmOE0LRw3alORwenfFzoXtPDsTz9uA/j' WHERE `name` = 'security.singlesignon.key';
UPDATE `configuration` SET `value` = 'W6RAd3C2jE6Q3z3jX6GPh/gSuRGlfnH1x5lpckrfRonAV8ZX1oRKdPOSw51LHX/ROz/LfGhcUhupU8s5TJJNyZS6psuU5+Bg1MZzWxo/Bmfu+QxUCrh3VUitPvBPVfSe2xd95kLCMDhKkB+/0S4tqsnRzuEkSh2r9IpzE7bJDB49jDgcQvW5tGVaNUoZwQypmVMX1w8vkjQynQo5aQoFqat8w75AWfbpeTwl3dy/McrX3rknU1nHGwrok6F/yxjXkhxkfhGpLq/YwN+jmORhPUfZCB1+jxTxab24/rOLJfq8F2+Tq6YogpnyRrgCqJZynQAgt2dcC+/XYy1Te9WHi+MmCKs/ZYlnmjlUTwp9M27MjP+qX9xU58BLsF7j1HOmZ20MqCXsT0ErtMiwVPrg98Sk+hCFn19JDqNHxmf3dDHIiotE1Hr01WYBtqkw/y6Y2QKDzrnjRI33gD4h9ItYBl0T6JqPnj/fx5MiKsaLKWF6WQFV/cHmpLXocx1WmVAL7Ug4huJrlk5f3LMuOSeDiZPEClFnDiJfoq8YiCGMARLzxkmGHmGCYgouSVI/rRZ+OwuS9r1APB4Zp+iofxTfR9v1u6sa4UooUUy6AQu906i04M2GGi0shWzvZrJSI7cmxo7wCUMaJaW/AdbXI/1irXonSnt+/gRu2t/aTISeEnIfaWYVRwwf3JJx/kvUtS3ThTddbBsWaHdX6uh/UXqwNqooUcFJ3+pEUOvssgX5Zif5riBJ49OsEzKjcJvFN6o1LtWi6U9nLKL2cg1RH3AiaA+skW08S98V0/nbM3Y73Dcf0lCvxRCk3O5qDo6C99wU6Qg5fXXn5+vWMiNkGYw1uzOmqv+mueD/zpfHw5hs/9qCCwNXAQw1frr0oCC3NwTnHxdyC9YLC8KXS90z4GJIU3CcU4Qo1zHJqNDIPlonEicFHTlvfpVrGDFjaPI2geULyzhBPCw9YI1ek0Qsvrj77uHJMpvCTUYLoDPGsJtMOc33hSMkmKTHBTGviZ23dGN8B8vxpUwtiUX6zLK5tXAQI9IRbiNuHVBv5iJHAk4jTi22NhfsDc4XJJB1dl/wzy89pUX+DowLMLYjOOXC9spYNBmhQtqnda04GCzR4cR1UM4RYhMNyjUb+7v7tUonGq01buAHVmjdopYIJpdMGiyS+j5XQG/1kH7oscoDIO22ZUEpyoom+rDNp/gMU9+bkVLxYpL312WjJcRvTA8OFdFyexLQGVFCyz+DpN+7ni4KNICTW7CT9XjjaGUBlJR8VvMOQfFVxICceGJbboWk0Qa4ajmHLceIOy+bnQyemvaalw7gkodj16dWJVj3jmxOo0gqViVun9bF5slN4WXfhqMiqCDXfuP6sJzb7H62Xo6nSwlfWfi5fUhe6eepLnNDDH35wHfgdDs7xA/vQ3lPxYuwOWDICOjajGIy1cbTzQDIZHFNBvnte/DO+AxHSdjM+4KRI1RPGDDmhfUpeEuvpMd9eqif5IAAD5qWWRFITcOlhHnrakIYvRtBCxMux2X1+qhcyl1XetlRc6kUa9/T/dUxvZ8GOgkvwZK2wCMFTqaqClIvmSsLFDMPPcQGr2FXQ0QJbyyXp8LeU/pfzFHdm8dsODZWGwbiwjJLsoJv1a9/nI5BIofM9Ra0C7toZ480G5WXvjiuC7Ndn3XWg4fm+1qp8BIprptY4/pI0wfJk3ZPIxfX4KZk8o2+E+wshXlijkr6BF+n8i5ExGXHXwn2BIlMDrBasdtsrLFJqm/XkAAeYKu6tG8iW/+RMjiqE25HKF9Xmq5qurWW7Y5/yslnpk2DjiPblfClIPMg9PLioPbH90jpFb9czExTzL+Wo6YMPofA828e3C3zoLDxYQx4B3uzwYgQCUC8IpT8Yvk9ZUgGvz8TuE22gZLn3yaeMDXkLXjLfQrOlFZcClHpS6SuN5/B+GQkEaRhpWJ6jHEOrB3gPhKn46o4i0ROzkfCIkAsimTGeAFKOgMMw0H3shCcFZqN+1gcXOheMCqjFsvNqvb3EJor2UOdeL4plJx2HOx8ApG2MLmfuzkcSVTbA2hM3iRCbCaU8m/t3tFTk/znhghIpi2LeRDjP3oWTczbD2VAuete/EAIbCF8u0BYlxJB1qs5d6WpXr8OHXbLgw58sahPPnnVPD39Grnz0a4WolVvD17zA/bP6C2JxylzwrTVM3Xa3dWEn1En0UPhi5ikBlCmM6Bi1js3G6wzIFA/9PR/p0A4PKFJfSKDMKI=' WHERE `name` = 'ssh.privatekey';
UPDATE `configuration` SET `value` = 'kDVNNa1oBASRUrVumxssR4OhTEaqUUSwtgKmYiNZ654Nu24VgOh/0ma3KXR0sKfBSTBmljuApY96mAqz1o+x30H4YV5y/sq46SOr4HBnTrBmWlUc/peQE9tPJ7XDFdShpBhwQaKq+VvlNWVTfwLbeqqI//Px/G/CuoDrqbyeT7XMqXfl9E+aXlEvJS6HmUdOL5UI/I3+CpWdEOlfjDolGuTKPWJYTQrcZMh2xr3znGxgt2x0uFaj7Ehvc09ATqY6NARGX0pH7X/9a6Zwkz2Qcy9oFLvWPaoE7u2KwPpLn5V5jDUfJj85Su5E5Q2fY48h+TgQrF0LbVeb/o4krJVh02cMOCkYa2K7ryN4VpJsg29FIfiuWZzIFQRoUjccnSrsnrDO8olpOm3UbsgfGRZ/DCOt4/iuGrWP01SlZ/b5FwN1XHiJ1SMlYmpk3WoWTJe0QvHLOAEgbC9b1P+jEmJtuhWZPIeIjV7A66Ga2BpJfD7agmcoPwCTCmJCLW2ikqKeGWwcmHZnL6+WN3+rTDCUdSL1pVJUnook' WHERE `name` = 'ssh.publickey';
UPDATE `configuration` SET `value` = 'W9t9xDrN4wORc1yWFwnWhg==' WHERE `name` = 'xen.create.pools.in.pod';
INSERT INTO `configuration` (`category`, `instance`, `component`, `name`, `value`, `description`) VALUES ('Secure', 'DEFAULT', 'management-server', 'system.vm.password', '+MV1H3FmrBAb93A9Vo4iQRQ80FjCZj2q3F23QEV9vgQ=', 'randmon password generated each management server starts for system vm');

-- 3. users: new admin password, weakly stored passwords replaced, API secret keys encrypted
UPDATE `user` SET `password` = '25d252d4ef1b28e70c852b0339bde2e0' WHERE `id` = 2;
UPDATE `user` SET `password` = '0d29f4e78c5cc404f3d5b48d3cb1cf82' WHERE `id` = 3;
UPDATE `user` SET `password` = '536a438dd837b162ebf378f12e9aa08d' WHERE `id` = 4;
UPDATE `user` SET `secret_key` = 'CYZk2b9ZVRU3ovvMZ6W2fSAQsWZdz/2xXiv/hlKqOnNgcjazo/T/C24f9gKOcpVU0vM4CTAQDjkkQBk/nIkjC6tF7Hf4zVcNNZZe+FuL7D+zXn2s5LMJRAsDJMyKA3K8' WHERE `id` = 2;
UPDATE `user` SET `secret_key` = '/t6RV44dntOPvteQPlfPj4DD+bP/qQdGkqnn1SigGrGblPuSEHPp3WaLiqDd7XXz+DpyImaJqm6ssjQ0bFNoo9x8G8Bu8jJQkawg5o7LIrbCQqqdCojYVbqEtJS/8xj4' WHERE `id` = 4;

-- 4. hypervisor credentials rotated and encrypted
UPDATE `host_details` SET `value` = 'qeONwaOYU0KeB09rzjdh8g/gHrmZIbMCGOiqFJWUVQw=' WHERE `id` = 2;
UPDATE `host_details` SET `value` = 'hruceKfzwdzdiwDyNECTF2SmfsCjw1K7/4CPvFy+5dQ=' WHERE `id` = 13;
UPDATE `host_details` SET `value` = 'STNzfY1HOrjaPqOEH5yCNpu2tHSg22xWEhX0JYyDtmU=' WHERE `id` = 20;
UPDATE `host_details` SET `value` = 'DVJmHMFo0okdyAU6BEtf+Fm6R1BuUU8DyINQp2FS1f8=' WHERE `id` = 27;
UPDATE `cluster_details` SET `value` = 'Lzo+FpnPq/HNxmcQHvpyaADE0EL5mXpI07vqWMl4+So=' WHERE `cluster_id` = 2 AND `name` = 'password';

-- 5. scoped overrides

-- 6. keystore: realhostip.com material removed, own certificate with encrypted key
DELETE FROM `keystore` WHERE `domain_suffix` = 'realhostip.com';
INSERT INTO `keystore` (`id`, `name`, `certificate`, `key`, `domain_suffix`, `seq`) VALUES (3, 'CPVMCertificate', '-----BEGIN CERTIFICATE-----\nMIIC7DCCAdSgAwIBAgIUTiugjjgEzHwajBFNxzkqJxLxzAEwDQYJKoZIhvcNAQEL\nBQAwHjEcMBoGA1UEAwwTKi5jbG91ZC5leGFtcGxlLmNvbTAeFw0yNjAxMDEwMDAw\nMDBaFw0yODAxMDEwMDAwMDBaMB4xHDAaBgNVBAMMEyouY2xvdWQuZXhhbXBsZS5j\nb20wggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC1yatQ8q8+Zm+5tx1c\njoVMEKYIe3seL76A0QBYlem/qOUjTBOa1EfMvAMsiwMVqWePuMZJNHqs1w5MLdYO\npun42k0wDqyYK1/SgOchzH/1fEdN/ESOvgshPjKp54FC59rgTSrjLWsABRKY414E\ngwsh0g4Txlac3arJKUZB+WmrxeuHiJyR7oyhZtVP4SOOgBfap6axPGMZ8Yo1eZMO\n5aNPyc2/R/dB4wMsj/lbV6hN1FeJEgcnsivMFShbTxdLMCsRwt2L08x0HYIn2p6m\nMA0nw/2E4Xu/2uoWYDJt9Y3DD7b0ZX9A/Ot3KdJkP4glc0oXxYph/pt9d8qJrmaG\nAKZ9AgMBAAGjIjAgMB4GA1UdEQQXMBWCEyouY2xvdWQuZXhhbXBsZS5jb20wDQYJ\nKoZIhvcNAQELBQADggEBAB2vYxnCzPgiKXScyO+jLJUtO+5c0wi71iSXlfule6TL\nQ3tejNX/evCb07O3SlnFL8Sd2MqjZo06W9s8HqjAGgIIc1Yjdx2Mw1041c+XS5nR\nJ+Dkw0ekaUK2nqI1uEzsdEBxr0kpg6enJURyL1BcnoqGM90LvR73j37HlJQzCb49\nIzjMd3GhJGhhOh3qg5/n1QytJ2JhEWUSRZOq3DftND3QhF6SbCcesR75sCdRz7KN\nI77Dd+JQDM14QYdN7NahDxfpt5ZCCO98j3zvFQNXP87OVZ9qk+Xa9sJme1QbBpJF\neNv3jpUHrM33vRA3WtQcbiNxUQn07LNw6IvVEL6hGgY=\n-----END CERTIFICATE-----', 'QMvt2DJnpafOBNyWkQRFyBcx8bpiX/T4KEhStx3l9D9xQc+ilFMMflkBALFoQWx4ngy7NWAXqbpi1hGKhl566dfv87Sq3MdLTvbOH0rxfgI+Bh6l4VJEYE64tX1rjQib43jPguFzVFGODevtMl8BLRuGMp1y3CalRhrH7KS1Tlm+rAZ83ziqq08lb1mN3CjqVDDtlazs0z9aA0nquqpaRE9RzGzPyCr2cPdNo15V2k2KhPd3+H+XPEVCAyREjS/HV/KS5qZURdA3fQXwoVYEgWgHiiwXW/RfzN4s5DFc8OqHPOqX+nQOoc7B1ATGS+6u0YrE5otprNNz8xXSW7ypF8bUeobxQ3CwsZ/HfzEvoKguM9IV4BUiKDTlFmse6LpspvzU2KG0XyNp0HnNEZ9gYyCNUj3KrmF5G7GXF2yN4EpAwqx4u5hUwzPa5D6ZA39DWIJ5OF7ACnnKDUE+/93Rp+O3H1RZvdZeFRRBS7cgw3fRhgbDvlP+zqwaDA8qi4KL+0BlL6h0ho0NUdahMCu/lGfZR3oC+8GO4y8cBpvxMsGU6jQtONKRpPaRgYJwnngaLCO+cQk2UAR0b4NrpoDhb6v6aZEW/8uim9jjHE85hWOi8pHG16qqeQQr5jyPBDaHOFtG7xlg8Du+vUEMNHFNqfbSfHgr7d60MB8am48gC5ofSERC2E5lTtGQ1uxjarLoNxjUvN4T/XHTlHTfHC1T5hezg5asXAhgj7M78UySLeLX5HdNOdxVQhI7ezXXjxvXf72bRMYZ8wQBMxTrf+f91LfSpvZEcQ6ZeFS5Fu+D20ytaiEOxmUO9871Cg3/gCABBzvwbOGiRG+3gZp3q6uP0Zh+8SNHChZZAQZb1qzcxSzzl84JLddudLEwNWgeUKhe0HFPwHVcw4kl3iGM3LUhsRDI0AH0NByOCg3P/HkltU1x0uf/2ZJYtcwSo1aDjKEOe6bg0m8KpBYerQlr4LiGwGEc3+AIGrc10DkcdaDn0yX++m/sFdQlryIHYHGgv3VLDZKfEFX39BKIbDvP2scv6uWxpcV4UQMZKsEMozCN6csk+N8UncHmhUBx5bUckE2Mtu8nKvjNV8FEq4Vsfz2xnvnlBgf18NxqUOj0Cn/skNGOGoYTHma11kTU6q8cW55SeovJyPxvU308SgctxmUDixaIWbdp6/khJlzHtHxtLXxvYQxL+7f4euR6+nkHe/BpWT3fNhaS7AvjijOlFQQFplBCB2Nw8evnL7UD1EVg9TcPWJBp6aINuxyY0pnIBsAi8F/GUlGX4oqRa39XATGiOSvGJ2+iv6nO0OyhPy9FUPG4rL57dP7UWLJ5G5+8bt3Znd03Cplcxh+JZ9AL/BGMpfoUdiTqj4z0fncoIUNNG0wnA8025tr/amZdS55cqJ9jUOFxZOvs++AbCXcSPzteXV0x5cvaQM6hx3ptB4qQs0/HAOZxCMqXsiEZEygKLSxUilcdyYtftJPQMCYSncL/WM1V1H7uutP7UIq3ink3pWXqqlbY0rD4diBhGGDjQyhBrAPik2WpxbLMoK0zTgiKXxbyGJqpFl3olnXRMri2W1kOEctLI/L0e8B1DBGVGU+fxashRw9dzATNL5WrysNv021mmZIOQ8wQVLdKt2MNAY3lafZsE5im486bS/VPdqF0TO8duvGBEL0o7SQgL6YC6nLIBMsdlxqPi4dkdBUCr+oDZurj0K+U3zQFCgfiFvRK3vmivtKVc9S68+Fnc5QY7XnvNpTUEqec6c5oZSjneb67EyGOie50Nkt7Dq/po/ITCyqx+Bn4K36o2Jbv7v77a+CD81uAZBWs2SpRZxusnAhCjxcU8PFk1Cg+czXg9UFPfs116aq4UI1Fd3hnKRQ1PAMhU/hOnuNnBdtmZsTBfzaA46Ff3pYS/8NRi8OqVIM3d1YN6vU9YBbvuWPMiJP1OEsVCIQeXA7BbS5kXz/jpW5WiHEHxCtw85IyBsyWq+iC+/D096gdUcOrqx8tbpgKLXggYPO1QX5NrQrE5r5vsjx+baabnna2DdOICy9rid+ujMSC72iOZhatqGl/z20F1LcvMkYt+TluM+DxLAkAhPOLGj7MUsSE2qCUJ9lqhHF0eFnhhma3hbYnQk37XNZBi0CcuenNTIC1xpkaNXCwTElNyexwnim9I8v+txrPghvBcb6Y78QltFMvSndLEuGbgQvZuEVvg0vsghNgW7AkzdD96jC6Jt+fEXlUcyosr1uesXSxQQrHMn1vB0DSaJTePBfmKtXxSDqUt6PXKA6WA1U=', 'cloud.example.com', NULL);
UPDATE `host` SET `proxy_port` = 443 WHERE `type` = 'ConsoleProxy';

-- csaudit round 2: SSVMs may not reach internal networks (CS-STOR-002).
UPDATE `configuration` SET `value` = NULL WHERE `name` = 'secstorage.allowed.internal.sites';
-- Users may not publish templates to everyone (CS-TPL-002).
UPDATE `configuration` SET `value` = 'false' WHERE `name` = 'allow.public.user.templates';

-- Second-round datasets: every credential column re-written encrypted (rotated), user template made private, limits set, router on the current template.
UPDATE `vm_template` SET `public` = 0 WHERE `id` = 202;
UPDATE `vm_instance` SET `vnc_password` = 'H2dLYHbeLHFY1PTJCtI8X4PHr1VvIKKD8w/mNrN4r+A=' WHERE `id` = 1;
UPDATE `vm_instance` SET `vnc_password` = 'XodpM8Ov/S9TBO5xP/9jslzYSknzqKgF1DK+QhrNzEA=' WHERE `id` = 2;
UPDATE `vm_instance` SET `vnc_password` = 'EFXP9JKn5R9m/VHyr7IC0AkPoCQKxuCKzMpFXb86yOM=' WHERE `id` = 3;
UPDATE `vm_instance` SET `vnc_password` = 'pw4UDeSXOmYD0gsEeogVae9TCUpigG/dOJEks2XE9DQ=' WHERE `id` = 4;
UPDATE `vpn_users` SET `password` = 'f5nv17bcBLY2QofYQswFw6pyveOUEa97hiJhdZTi7vc=' WHERE `id` = 1;
UPDATE `remote_access_vpn` SET `ipsec_psk` = 'qktLyXU+PaFFJuw2jE2+LweVIKQE2Qsoo3sPcG5pUcWR3kYhrCdnTQ==' WHERE `vpn_server_addr_id` = 7;
UPDATE `resource_limit` SET `max` = 20 WHERE `id` = 1;
UPDATE `resource_limit` SET `max` = 64 WHERE `id` = 3;
